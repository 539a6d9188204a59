// TEMPORARY STUB (replaced by the guardian branch)
use crate::error::Error;
#[derive(Debug)]
pub(crate) struct Guardian;
impl Guardian {
    pub(crate) fn start() -> Result<Guardian, Error> {
        Ok(Guardian)
    }
    pub(crate) fn pid(&self) -> u32 {
        0
    }
    pub(crate) fn watch(&mut self, _m: &[(u32, u64)]) -> Result<(), Error> {
        Ok(())
    }
}
