//! A stable sort with one body for every caller.
//!
//! `slice::sort_by` is fast but each call site gets its own copy of the
//! sorting code (several kilobytes in WebAssembly). The lists sorted here are
//! diagnostics, findings and edits, so a merge sort over indices, compiled
//! once and driven through `&dyn Fn`, costs nothing users notice and keeps
//! the web app small. `O(n log n)` comparisons, stable.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, keeping equal elements in their order.
pub fn sort_by<T>(v: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| compare(&v[a], &v[b]) == Ordering::Less);
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `v` by `key`, keeping elements with equal keys in their order.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in sorted order: a bottom-up merge sort where
/// `less(a, b)` compares the elements at positions `a` and `b`.
fn stable_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = start.saturating_add(width).min(n);
            let end = mid.saturating_add(width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut merged[start..end] {
                // Take from the right run only when strictly less: stability.
                if j < end && (i >= mid || less(order[j], order[i])) {
                    *slot = order[j];
                    j += 1;
                } else {
                    *slot = order[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width = width.saturating_mul(2);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // A fixed pseudo-random sequence with many equal keys, at every length
        // up to 300 (odd lengths and lengths around powers of two included).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for n in 0..300usize {
            let items: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ((x % 7) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |e| e.0);
            let mut std = items;
            #[allow(clippy::disallowed_methods)] // the reference it is compared with
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "n = {n}");
        }
    }

    #[test]
    fn sort_by_orders_with_the_comparator() {
        let mut v = vec!["b", "a", "c", "a"];
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["c", "b", "a", "a"]);
    }
}
