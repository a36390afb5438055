//! A bank's roles, each loaded at most once, for a run that asks for the same few
//! roles many times. A mail merge checks every recipient's role, warns of the drafts
//! among them, then lays each role out for its copies: three reads of every role
//! file before the first copy (a read is about a fifth of a whole export), on one
//! thread, now one read shared by all three.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::{Bank, Role};
use crate::fonts::FontSet;

/// A role's load, made once by whichever caller asks first: `None` when the role is
/// unknown or its file has problems ([`Bank::load`] says which).
type Load = Arc<OnceLock<Option<Arc<Role>>>>;

/// The roles of a bank, loaded on first use and kept, checked against the bank's
/// fonts ([`Bank::fonts`]).
///
/// ```
/// use prep_pdf::content::{Bank, Roles};
/// let bank = Bank::bundled();
/// let roles = Roles::new(&bank);
/// let first = roles.get("backend-mid").unwrap();
/// assert!(std::sync::Arc::ptr_eq(&first, &roles.get("backend-mid").unwrap()));
/// assert!(roles.get("no-such-role").is_none());
/// ```
pub struct Roles<'b> {
    bank: &'b Bank,
    loaded: Mutex<HashMap<String, Load>>,
}

impl<'b> Roles<'b> {
    pub fn new(bank: &'b Bank) -> Roles<'b> {
        Roles {
            bank,
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The bank the roles come from.
    pub fn bank(&self) -> &'b Bank {
        self.bank
    }

    /// The fonts the roles were checked against.
    pub fn fonts(&self) -> &FontSet {
        self.bank.fonts()
    }

    /// Role `id`, loaded now if no caller has asked for it yet; `None` when it is
    /// unknown or its file has problems. Callers asking at once for the same role
    /// wait for one load; other roles load meanwhile.
    pub fn get(&self, id: &str) -> Option<Arc<Role>> {
        let slot = self
            .loaded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(id.to_string())
            .or_default()
            .clone();
        slot.get_or_init(|| self.bank.load(id).ok().map(Arc::new))
            .clone()
    }
}
