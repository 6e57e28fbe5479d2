SELECT school_id, subject, count(*) AS n, count(mark) AS present, avg(mark) AS mean_mark,
       100.0 * count(*) FILTER (WHERE mark >= 4) / count(mark) AS quality,
       100.0 * count(*) FILTER (WHERE mark < journal_mark) / count(mark < journal_mark) AS below,
       stddev_samp(primary_score) AS sd
FROM read_csv('Tests/Golden/data/vpr.csv') GROUP BY school_id, subject ORDER BY school_id, subject
