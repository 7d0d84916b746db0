"""Pages of party study: members' (``member``), administrators' (``admin``), rankings."""
