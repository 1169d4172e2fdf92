// QueueControl over AMI: QueueAdd / QueuePause / QueueRemove / QueueStatus.
import type { QueueControl } from '../queues/agent-state.ts';
import type { QueueMember } from '../queues/queue-events.ts';
import type { AmiClient } from './ami-client.ts';
import { queueMemberFrom } from './ami-events.ts';

export class AmiQueueControl implements QueueControl {
  constructor(private readonly ami: AmiClient, private readonly queues: string[]) {}

  async addMember(queue: string, agentInterface: string, memberName: string, paused: boolean, reason?: string): Promise<void> {
    await this.ami.action({
      Action: 'QueueAdd',
      Queue: queue,
      Interface: agentInterface,
      MemberName: memberName,
      StateInterface: agentInterface,
      Paused: paused ? 'true' : 'false',
      ...(paused && reason ? { Reason: reason } : {}),
    });
  }

  async pauseMember(queue: string, agentInterface: string, paused: boolean, reason?: string): Promise<void> {
    await this.ami.action({
      Action: 'QueuePause',
      Queue: queue,
      Interface: agentInterface,
      Paused: paused ? 'true' : 'false',
      ...(reason ? { Reason: reason } : {}),
    });
  }

  async removeMember(queue: string, agentInterface: string): Promise<void> {
    await this.ami.action({ Action: 'QueueRemove', Queue: queue, Interface: agentInterface });
  }

  async listMembers(): Promise<QueueMember[]> {
    const members: QueueMember[] = [];
    for (const queue of this.queues) {
      const events = await this.ami.listAction({ Action: 'QueueStatus', Queue: queue }, 'QueueStatusComplete');
      for (const event of events) {
        if (String(event.event) === 'QueueMember') members.push(queueMemberFrom(event));
      }
    }
    return members;
  }
}
