//! One rule per file, named after its id.

pub mod html_balance;
pub mod table_shape;
