"""The domain: the source, the fact base, matching questions to facts, and the reply as data.

Nothing here imports discord, the curation tools or the transports: every transport calls it.
"""
