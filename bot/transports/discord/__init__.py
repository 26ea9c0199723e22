"""heartbot on Discord: the bot holds resources and lifetimes, the cog holds behaviour."""
