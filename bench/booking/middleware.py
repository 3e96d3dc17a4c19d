"""Bench-only middleware (bench/booking/settings.py puts it first): each
answer carries `X-Bench-Queries`, the number of SQL statements the request
ran on the default database (sessions, authentication, the view, messages),
counted with a connection execute wrapper. Never installed outside the bench."""

from django.db import connection


class CountQueriesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
