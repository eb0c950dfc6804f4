// What a script adds to a guide page, which reads the same without it: a
// search over every page's title and headings (INDEX, above, is written when
// the site is built), and a copy button on each block of commands.
(() => {
  const root = document.body.dataset.root || '';
  const box = document.getElementById('search');
  if (box) {
    box.className = 'search';
    box.setAttribute('role', 'search');
    const label = document.createElement('label');
    label.htmlFor = 'search-input';
    label.textContent = 'Search the guides';
    const input = document.createElement('input');
    input.type = 'search';
    input.id = 'search-input';
    input.placeholder = 'e.g. eviction, AOF';
    input.autocomplete = 'off';
    const status = document.createElement('p');
    status.className = 'hint';
    status.setAttribute('role', 'status');
    const list = document.createElement('ul');
    list.id = 'search-results';
    box.append(label, input, status, list);
    const SHOWN = 30;
    input.addEventListener('input', () => {
      const q = input.value.trim().toLowerCase();
      list.replaceChildren();
      if (!q) {
        status.textContent = '';
        return;
      }
      const hits = [];
      for (const [file, title, headings] of INDEX) {
        if (title.toLowerCase().includes(q)) hits.push([file, title]);
        for (const [id, text] of headings) {
          if (text.toLowerCase().includes(q)) hits.push([`${file}#${id}`, `${text} (${title})`]);
        }
      }
      for (const [href, text] of hits.slice(0, SHOWN)) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = root + href;
        a.textContent = text;
        li.append(a);
        list.append(li);
      }
      status.textContent =
        hits.length === 0 ? 'Nothing found.' : hits.length > SHOWN ? `${hits.length} found; the first ${SHOWN} shown.` : `${hits.length} found.`;
    });
  }
  for (const pre of document.querySelectorAll('article pre')) {
    const code = pre.querySelector('code') ?? pre;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Select to copy';
      }
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 2000);
    });
    pre.append(button);
  }
})();
