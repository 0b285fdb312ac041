"""The import engine: files of records read (`files`), their cells (`cells`) and rows
(`resources`) checked and written whole or not at all (`run`), in the background for the
admin (`jobs`). It knows no model of either app: each app registers its kinds of record
(`kinds`) from its AppConfig.ready()."""
