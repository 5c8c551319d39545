"""The demo world: Guangdong regions, units, one user per role, five real Guangdong plans (as
structured facts), one sample plan, sample observations, assignments, approvals and a 督办 item.
"""
