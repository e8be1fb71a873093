"""sqlfluff stub of `adapter.dispatch`: renders the dispatched macro as a plain function call.

The jinja templater cannot resolve dbt's dispatch, so a dispatched helper such as
`parse_date_text(col)` is linted as the call `parse_date_text(col)`.
"""


def dispatch(macro_name, macro_namespace=None):
    def render(*args, **kwargs):
        arguments = [str(arg) for arg in args]
        return f"{macro_name}({', '.join(arguments)})"

    return render
