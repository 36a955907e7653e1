// Tag limits, in a leaf module: seeding reads them without importing the tag handlers.

/** AWS's limit of tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
