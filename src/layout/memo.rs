//! A bounded memo shared by every thread of the process: answers kept by what they
//! were worked out from, emptied (not grown) once it holds `limit` of them.
//!
//! ```text
//! static SEEN: Memo<String, Arc<Bits>> = Memo::new(10_000);
//! let bits = SEEN.get(url).unwrap_or_else(|| SEEN.keep(url.into(), encode(url)));
//! ```
//!
//! The lock is held for a lookup or an insert, never while the answer is worked out.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub struct Memo<K, V> {
    // `HashMap::new` is not `const`, so the map is made on first use.
    map: Mutex<Option<HashMap<K, V>>>,
    limit: usize,
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    pub const fn new(limit: usize) -> Self {
        Memo {
            map: Mutex::new(None),
            limit,
        }
    }

    /// The answer kept for `key`, if any.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.as_ref()?.get(key).cloned()
    }

    /// Keeps `value` for `key` and returns it.
    pub fn keep(&self, key: K, value: V) -> V {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let map = map.get_or_insert_with(HashMap::new);
        if map.len() >= self.limit {
            map.clear();
        }
        map.insert(key, value.clone());
        value
    }
}
