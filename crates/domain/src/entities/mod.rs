//! Core entities: the records a staffing desk keeps, and the inputs that create them.
