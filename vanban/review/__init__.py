"""`vanban review`: the review page's logic (page.py) and its small web app (app.py)."""
