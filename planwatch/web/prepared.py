"""Querysets turned into SQL once per database connection, then run with new values.

Django builds a queryset's SQL anew every time it is evaluated. For the short queries of the
busiest requests (an API token, a user's roles, a reporting assignment, an open report, a page of
public observations) that costs several times PostgreSQL's own work for the query. A
``Prepared`` query keeps the SQL and the row-to-object plan of its first compilation on each
connection and fills in only the values marked ``Param``. Model querysets give the objects the
queryset would (``select_related`` objects attached); ``values_list`` querysets give tuples.

    TOKEN = Prepared(ApiToken.objects.select_related("user").filter(key_hash=Param("key")))
    tokens = TOKEN.fetch(key=digest)

Only equality-style lookups take a ``Param`` (one value, one placeholder); the queryset's other
values (``state__in=[…]``) are fixed when it is written. ``paged=True`` adds ``limit`` and
``offset`` values, written into the SQL text as Django writes a slice: PostgreSQL plans a
``LIMIT`` it can see far better than a ``LIMIT $1``, and a page size used again and again is
still planned only once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db import connections
from django.db.models import Expression, QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]  # internal, not in the stubs
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)


class Param(Expression):
    """A named value of a prepared query: compiled as one placeholder, given at each call."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self]

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


@dataclass(frozen=True)
class _Plan:
    """One compilation on one connection: the SQL, where each value goes, how rows become
    objects (``model`` None: rows stay tuples)."""

    sql: str
    params: tuple[Any, ...]
    names: frozenset[str]
    compiler: Any
    converters: dict[int, Any]
    model: Any = None
    init_list: tuple[str, ...] = ()
    model_fields: slice | None = None
    related: tuple[Any, ...] = ()


class Prepared:
    def __init__(self, queryset: QuerySet[Any], *, paged: bool = False) -> None:
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise TypeError("prepare a model queryset or a values_list (not flat, not named)")
        if queryset.query.is_sliced and paged:
            raise TypeError("a paged prepared query takes limit and offset, not a slice")
        self.queryset = queryset  # compiled at the first fetch on each connection, not here
        self.paged = paged

    def fetch(self, **values: Any) -> list[Any]:
        """What the queryset would give with these values for its ``Param``s."""
        connection = connections[self.queryset.db]
        # Connections are per thread: so are their plans.
        plans = connection.__dict__.setdefault("planwatch_prepared", {})
        plan = plans.get(self)
        if plan is None:
            plan = plans[self] = self._compile(connection)
        sql = plan.sql
        if self.paged:
            if not {"limit", "offset"} <= values.keys():
                raise TypeError("a paged prepared query takes limit and offset")
            limit, offset = int(values.pop("limit")), int(values.pop("offset"))
            sql += f" LIMIT {limit} OFFSET {offset}"  # ints: nothing else reaches the text
        if values.keys() != plan.names:
            raise TypeError(f"prepared query takes {sorted(plan.names)}, got {sorted(values)}")
        params = [values[p.name] if isinstance(p, Param) else p for p in plan.params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = [tuple(r) for r in plan.compiler.apply_converters(rows, plan.converters)]
        if plan.model is None:
            return rows
        db = self.queryset.db
        objects = []
        for row in rows:
            obj = plan.model.from_db(db, plan.init_list, row[plan.model_fields])
            for related in plan.related:
                related.populate(row, obj)
            objects.append(obj)
        return objects

    def _compile(self, connection: Any) -> _Plan:
        query = self.queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        models = self.queryset._iterable_class is ModelIterable
        if (
            (models and compiler.annotation_col_map)
            or query.extra_select
            or query.select_for_update
        ):
            raise TypeError("prepared queries hold plain rows (no annotations, no locking)")
        select = compiler.select[: compiler.col_count]
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            names=frozenset(p.name for p in params if isinstance(p, Param)),
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select]),
        )
        if not models:
            return plan
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        model_fields = slice(fields[0], fields[-1] + 1)
        return replace(
            plan,
            model=klass_info["model"],
            init_list=tuple(s[0].target.attname for s in select[model_fields]),
            model_fields=model_fields,
            related=tuple(get_related_populators(klass_info, select, self.queryset.db)),
        )
