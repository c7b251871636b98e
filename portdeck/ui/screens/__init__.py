"""The screens: `main` (the search and the panes), and the windows pushed over it (`entry`,
`help`, `check`), each imported when first opened so the first frame does not pay for them."""
