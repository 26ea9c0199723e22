"""heartbot: cited answers about One from the Heart (1982), in Discord and on the terminal."""
