"""planwatch.web — the Django platform where plans live and responsible units report on them.

Apps by feature (accounts, regions, plans, monitoring, projects, supervision, audit, portal, api);
business logic in each app's ``services`` and ``selectors``, permissions in ``accounts.permissions``.
"""
