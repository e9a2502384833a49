"""How the backup commands put sizes and counts for the operator."""


def size(num_bytes):
    if num_bytes < 1024:
        return f"{num_bytes} B"
    for unit in ("KB", "MB", "GB"):
        num_bytes /= 1024
        if num_bytes < 1024 or unit == "GB":
            break
    return f"{num_bytes:.1f} {unit}"


def summary(manifest):
    """The lines saying what an archive holds."""
    database, files = manifest["database"], manifest["media"]
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(database["vendor"], database["vendor"])
    return [
        f"  数据库：{vendor}，{len(database['tables'])} 张表，共 {sum(database['tables'].values()):,} 行",
        f"  媒体文件：{len(files):,} 个，共 {size(sum(entry['size'] for entry in files))}",
    ]
