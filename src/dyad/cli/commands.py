"""Import every command module so that each registers itself on `cli`.

A command module that is not importable (an optional dependency missing) must not take the
others down; it is skipped here and the command reports the missing dependency when it can.
"""

from . import extract  # noqa: F401
from . import store  # noqa: F401
from . import serve  # noqa: F401
from . import export  # noqa: F401
from . import demo  # noqa: F401
from . import timex  # noqa: F401
from . import eval  # noqa: F401
from . import explain  # noqa: F401
