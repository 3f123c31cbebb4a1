pub mod call_card;
pub mod layout;
