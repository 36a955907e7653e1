// AWS's limits on tags, shared by the tag operations, the create operations and seeding.

/** At most this many tags per resource (LimitExceededException beyond). */
export const MAX_TAGS_PER_RESOURCE = 50;
