//! hireloop-engine.
