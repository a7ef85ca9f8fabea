// progressive enhancements for the report pages
