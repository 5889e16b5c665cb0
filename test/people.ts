import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";

/** A new person, signed up and in on the server at `baseUrl`. */
export async function signedUpPerson(baseUrl: string, name: string): Promise<ParleyClient> {
  const client = new ParleyClient(baseUrl);
  await client.signUp(uniqueUser(name));
  return client;
}

/** A room of `owner`'s that `members` joined through an invite. */
export async function roomWith(owner: ParleyClient, name: string, ...members: ParleyClient[]): Promise<string> {
  const roomId = (await owner.json("POST", "/api/rooms", { name })).body.room.id as string;
  for (const member of members) {
    const invite = await owner.json("POST", `/api/rooms/${roomId}/invites`);
    await member.json("POST", `/api/invites/${invite.body.token}`);
  }
  return roomId;
}
