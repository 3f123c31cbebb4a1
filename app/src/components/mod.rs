pub mod bits;
pub mod call_card;
pub mod layout;
pub mod talent_card;
