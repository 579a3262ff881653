// Which prospects are a month's hot customers (热点客户): one condition for the hot-customer report
// (热点客户管理表), the conversion report's hot count and the consultant's home.
// Parameters: $1 dealer, $2/$3 the month's bounds as instants at the dealer, $4 consultant or null,
// $5 model or null. The prospect's alias is `p`.

/** Flagged hot, recorded before the month ends, not lost or delivered before it began. */
export const HOT_CUSTOMER_WHERE = `p."dealerId" = $1 AND p.hot AND p."createdAt" < $3
  AND ($4::uuid IS NULL OR p."ownerId" = $4::uuid) AND ($5::text IS NULL OR p.model = $5::text)
  AND NOT EXISTS (SELECT 1 FROM conversion_state s WHERE s."prospectId" = p.id AND s.status <> 'live'
    AND s."endedAt" < $2)
  AND NOT (p.grade = 'F' AND EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g."toGrade" = 'F'
    AND g.at < $2)
           AND NOT EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id AND g.at >= $2))`;

/** A hot customer's follow-ups recorded in the month. */
export const HOT_FOLLOW_UPS_IN_MONTH = `(SELECT count(*) FROM follow_up f WHERE f."prospectId" = p.id
  AND f.at >= $2 AND f.at < $3)`;
