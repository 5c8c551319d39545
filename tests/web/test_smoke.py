from tests.web.world import World


def test_home_lists_published_plan(world: World):
    r = world.client(None).get("/")
    assert r.status_code == 200
    assert world.plan.title in r.content.decode()


def test_plan_page_renders_for_every_role(world: World):
    for user in (None, world.admin, world.planner, world.reporter, world.reviewer, world.viewer):
        r = world.client(user).get(f"/plans/{world.plan.pk}/")
        assert r.status_code == 200, user
        assert "5G基站数" in r.content.decode()
