pub mod account;
pub mod call_detail;
pub mod call_form;
pub mod call_list;
pub mod hirer_calls;
pub mod home;
pub mod login;
pub mod register;
