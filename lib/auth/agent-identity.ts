/** An agent as a request authenticated it (by its own token or an OAuth grant). */
export type AuthenticatedAgent = { id: string; name: string; ownerId: string };
