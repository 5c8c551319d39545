"""Users, role grants, API tokens and login unlocking; every change is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone

from planwatch.errors import PermissionDenied
from planwatch.web.accounts.models import ApiToken, Role, RoleGrant, Unit, User
from planwatch.web.accounts.permissions import can_manage_users, require
from planwatch.web.audit import services as audit
from planwatch.web.errors import InvalidInput
from planwatch.web.prepared import Param, Prepared
from planwatch.web.regions.models import Region


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    display_name: str = "",
    is_superuser: bool = False,
) -> User:
    if actor is not None:
        require(can_manage_users(actor), "只有系统管理员可以创建用户")
    user = User(username=username, display_name=display_name, is_superuser=is_superuser)
    user.is_staff = is_superuser
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="create", obj=user, after={"username": username})
    return user


@transaction.atomic
def grant_role(
    *,
    actor: Any,
    user: User,
    role: str,
    unit: Unit | None = None,
    region: Region | None = None,
) -> RoleGrant:
    """Give ``user`` a role; ``actor`` None means the system itself (seeding, demo)."""
    if actor is not None:
        require(can_manage_users(actor), "只有系统管理员可以授权")
    _check_scope(role, unit, region)
    grant, _ = RoleGrant.objects.get_or_create(user=user, role=Role(role), unit=unit, region=region)
    after = {
        "role": role,
        "unit": unit.pk if unit else None,
        "region": region.pk if region else None,
    }
    audit.record(actor=actor, action="grant", obj=user, after=after, region=region or unit)
    user.__dict__.pop("_planwatch_scope", None)
    return grant


def _check_scope(role: str, unit: Unit | None, region: Region | None) -> None:
    """填报员 needs units; 牵头部门 and 只读 need a region; 审核员 one of the two; admin neither."""
    ok = {
        Role.ADMIN: unit is None and region is None,
        Role.REPORTER: unit is not None and region is None,
        Role.REVIEWER: (unit is None) != (region is None),
        Role.PLANNER: region is not None and unit is None,
        Role.VIEWER: region is not None and unit is None,
    }.get(Role(role), False)
    if not ok:
        raise InvalidInput(
            "角色与范围不匹配：填报员选单位，牵头部门/只读选地区，审核员选单位或地区",
            "the scope does not fit the role",
            details={"role": role},
        )


@transaction.atomic
def revoke_role(*, actor: Any, grant: RoleGrant) -> None:
    require(can_manage_users(actor), "只有系统管理员可以撤销授权")
    before = {"role": grant.role, "unit": grant.unit_id, "region": grant.region_id}
    audit.record(
        actor=actor,
        action="revoke",
        obj=grant.user,
        before=before,
        region=grant.region or grant.unit,
    )
    grant.delete()


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(*, actor: Any, user: User, name: str) -> str:
    """A new API token for ``user``; the clear key is returned once and never stored."""
    if actor is not None and actor != user:
        require(can_manage_users(actor), "只能为自己签发令牌")
    key = "pw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[3:9], key_hash=_hash(key))
    audit.record(actor=actor, action="token", obj=token, after={"user": user.pk, "name": name})
    return key


# "Last used" is kept to the minute: a client pushing data does not write on every request.
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


# Every request of a machine client starts here. key_hash is unique: no ordering needed.
_TOKEN = Prepared(
    ApiToken.objects.select_related("user").filter(
        key_hash=Param("key_hash"), revoked=False, user__is_active=True
    )[:1]
)


def user_for_token(key: str) -> User | None:
    found = _TOKEN.fetch(key_hash=_hash(key))
    if not found:
        return None
    token = found[0]
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def unlock_login(*, actor: Any, user: User) -> int:
    """Lift the login locks of ``user`` from every address; returns how many were cleared."""
    require(can_manage_users(actor), "只有系统管理员可以解除登录锁定")
    cleared = axes_reset(username=user.username)
    audit.record(actor=actor, action="update", obj=user, after={"login_unlocked": cleared})
    return cleared


@transaction.atomic
def revoke_token(*, actor: Any, token_id: int) -> None:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or (token.user_id != actor.pk and not can_manage_users(actor)):
        raise PermissionDenied("不能撤销该令牌", "cannot revoke this token")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record(actor=actor, action="revoke", obj=token, after={"revoked": True})


@transaction.atomic
def create_unit(*, actor: Any, name: str, region: Region) -> Unit:
    require(can_manage_users(actor), "只有系统管理员可以新建单位")
    if Unit.objects.filter(name=name.strip(), region=region).exists():
        raise InvalidInput("该地区已有同名单位", "a unit with this name exists in the region")
    unit = Unit.objects.create(name=name.strip(), region=region)
    audit.record(
        actor=actor, action="create", obj=unit, after={"name": unit.name, "region": region.pk}
    )
    return unit
