//! AwsCredentialManager's core: AWS profile storage that never loses a byte, credential lookup, and
//! one set of operations (`api`) behind three front ends: the C ABI (`ffi`), the `awscred` CLI and
//! the PowerShell module (through the C ABI).

pub mod api;
pub mod aws;
pub mod env;
pub mod error;
mod fault;
pub mod ffi;
pub mod keychain;
pub mod login;
pub mod oauth;
pub mod profile;
pub mod resolve;
pub mod rotate;
pub mod session;
pub mod sso;

pub use error::{Error, Result, Status};
