"""Access to the admin: login protection and its records, two-factor, sessions, headers."""
