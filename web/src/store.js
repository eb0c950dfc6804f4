// Drafts too large for local storage, kept in IndexedDB: one value per key.
// Both calls resolve even when IndexedDB is unavailable (a private window may
// refuse it): a draft that cannot be kept is lost on a reload, nothing more.
const DB = 'redis-advisor';
const STORE = 'drafts';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Stores `value` (any value IndexedDB can clone) under `key`; `undefined` deletes it. */
export async function put(key, value) {
  try {
    const db = await open();
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      if (value === undefined) tx.objectStore(STORE).delete(key);
      else tx.objectStore(STORE).put(value, key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  } catch (e) {
    console.warn('redis-advisor: a draft could not be kept', e);
  }
}

/** The value stored under `key`, or undefined. */
export async function get(key) {
  try {
    const db = await open();
    const value = await new Promise((resolve, reject) => {
      const req = db.transaction(STORE).objectStore(STORE).get(key);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return value;
  } catch (e) {
    console.warn('redis-advisor: a kept draft could not be read', e);
    return undefined;
  }
}
