//! hireloop-server.
