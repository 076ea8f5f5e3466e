//! The config file: theme, key bindings, default layers, widths, mouse. STUB.
