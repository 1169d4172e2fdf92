// What the wallboard reads outside the live model, from the accounts, the database and the settings.
import type { SettingsRepository } from '../db/settings-repository.ts';
import { languagesOf, type PhoneAccount, type User, type UserRepository } from '../db/user-repository.ts';
import type { WallRepository } from '../db/wall-repository.ts';
import type { Operator, WallSources } from '../live/wall-service.ts';

/** An account that can sit at a phone: active, with an extension. */
export function operatorAccount(user: User | undefined): Operator | undefined {
  return user?.extension && !user.disabled ? { userId: user.id, name: user.displayName, extension: user.extension, languages: languagesOf(user) } : undefined;
}

export function wallSources(users: UserRepository, store: WallRepository, settings: SettingsRepository, userOfInterface: (agentInterface: string) => User | undefined): WallSources {
  // the same rows until the users table changes: mapped once for them
  let operators: { from: readonly PhoneAccount[]; list: Operator[] } | undefined;
  return {
    operators: () => {
      const from = users.withPhones();
      if (operators?.from !== from) {
        operators = { from, list: from.map((user) => ({ userId: user.id, name: user.displayName, extension: user.extension, languages: languagesOf(user) })) };
      }
      return operators.list;
    },
    operatorOfInterface: (agentInterface) => operatorAccount(userOfInterface(agentInterface)),
    callFactsSince: (from) => store.callFactsSince(from),
    answeredSince: (userId, from) => store.answeredSince(userId, from),
    callbacksPending: () => store.callbacksPending(),
    transcriptions: () => store.transcriptions(),
    overdueCounts: () => store.overdueCounts(),
    recordStatus: (change) => store.recordStatus(change),
    thresholds: () => settings.kpiThresholds(),
  };
}
