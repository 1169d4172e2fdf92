// The IVR's floor app (floor-ari.ts) as a process and session of its own (apart.ts): in the clients' process
// it waited for a CPU behind the desks and wallboards, a floor higher than what a bare ARI app takes.
import { serveApart } from './apart.ts';
import { floorApp } from './floor-ari.ts';

export type FloorRequest = { type: 'take' };
export type FloorMessage = { type: 'ready' } | { type: 'samples'; samples: number[] };

const [port, user, secret] = process.argv.slice(2) as [string, string, string];
const floor = await floorApp(Number(port), user, secret);
serveApart<FloorRequest, FloorMessage>((request) => (request.type === 'take' ? { type: 'samples', samples: floor.take() } : undefined), () => floor.stop());
