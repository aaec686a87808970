#!/usr/bin/env python3
"""A customer's session through heroku3 (PyPI), the Python client of Heroku's Platform API, unmodified.

    python3 scripts/lib/heroku3-client.py BASE_URL API_KEY APP PLAN OTHER_PLAN COLLABORATOR_EMAIL

Points heroku3 at BASE_URL instead of api.heroku.com, then with API_KEY: creates APP, edits its config vars,
lists and rolls back releases, adds and removes COLLABORATOR_EMAIL, installs PLAN, changes it to OTHER_PLAN,
removes it, renames the app and deletes it. Prints one JSON object of what heroku3 made of each answer;
a step that raised is in "errors" (step name: exception) and the run goes on, so that one report shows
every step that failed.
"""

import json
import sys

import heroku3.api

base_url, api_key, app_name, plan, other_plan, collaborator = sys.argv[1:7]
report = {"errors": {}}


def step(name, action):
    try:
        report[name] = action()
    except Exception as error:  # noqa: BLE001 - every failure is reported, by step
        report["errors"][name] = f"{type(error).__name__}: {error}"
    return report.get(name)


# heroku3 reads its URL when a client is made; from_key checks the key with GET /account/rate-limits.
heroku3.api.HEROKU_URL = base_url
heroku = heroku3.from_key(api_key)

step("account_email", lambda: heroku.account().email)
step("rate_limit_remaining", lambda: heroku.ratelimit_remaining())
created = heroku.create_app(name=app_name, region_id_or_name="us")
app = heroku.app(app_name)
step("created", lambda: {"name": created.name, "id": created.id, "region": created.region.name})
step("apps", lambda: [each.name for each in heroku.apps()])
step("apps_by_name_desc", lambda: [each.name for each in heroku.apps(order_by="name", sort="desc")])
step("apps_limit_1", lambda: len(heroku.apps(limit=1)))


def edit_config():
    config = app.config()
    config.update({"GREETING": "hello", "PLACE": "world"})
    config["ADDED"] = "by item"
    heroku.update_appconfig(app_name, {"MERGED": "1"})
    del app.config()["PLACE"]
    return app.config().to_dict()


step("config", edit_config)
step("releases", lambda: [release.version for release in app.releases()])
step("releases_desc", lambda: [release.version for release in app.releases(sort="desc")])
step("releases_first_2", lambda: [release.version for release in app.releases(order_by="version", limit=2)])


def roll_back():
    second = next(release for release in app.releases() if release.version == 2)
    release = app.rollback(second.id)
    return {"version": release.version, "description": release.description, "config": app.config().to_dict()}


step("rollback", roll_back)
step("collaborator_added", lambda: app.add_collaborator(user_id_or_email=collaborator, silent=True).user.email)
step("collaborators", lambda: sorted(each.user.email for each in app.collaborators()))
step("collaborator_removed", lambda: app.remove_collaborator(collaborator))
step("collaborators_after", lambda: [each.user.email for each in app.collaborators()])
step("addon_services", lambda: [service.name for service in heroku.addon_services()])


def install():
    addon = app.install_addon(plan_id_or_name=plan, config={"size": "small"})
    return {"id": addon.id, "name": addon.name, "plan": addon.plan.name}


installed = step("installed", install)
step("addons", lambda: [[addon.name, addon.plan.name] for addon in app.addons()])
step("addons_of_app", lambda: [addon.name for addon in heroku.addons(app_name)])
step("config_with_addon", lambda: app.config().to_dict())
step("upgraded", lambda: app.addons()[0].upgrade(plan_id_or_name=other_plan).plan.name)
step("config_upgraded", lambda: app.config().to_dict())
step("removed", lambda: app.remove_addon(installed["name"]).name)
step("addons_after_remove", lambda: [addon.name for addon in app.addons()])
step("config_after_remove", lambda: app.config().to_dict())
step("renamed", lambda: app.rename(app_name + "-renamed").name)
step("deleted", lambda: heroku.app(app_name + "-renamed").delete())
step("apps_after_delete", lambda: [each.name for each in heroku.apps()])
print(json.dumps(report))
