import { consoleUrl, signInUrl } from '../../aws/caller.js';
import { fail, need, pass, someOf, type Check, type Evidence } from '../check.js';
import { principals } from '../authorization-details.js';
import { grantsFullAdmin } from '../policy-document.js';
import { entitiesWith } from '../reads.js';

export const accountAliasCheck: Check = {
  id: 'account-alias',
  title: 'Account alias',
  controls: [],
  fix: () => ({ step: 'account-alias', link: null }),
  evaluate(readings, { partition, accountId }) {
    const alias = need(readings.aliases)[0];
    if (!alias) return fail(`no account alias; people sign in at ${signInUrl(partition, accountId)}`, [{ alias: null }]);
    const url = signInUrl(partition, alias);
    return pass(`alias ${alias}: sign-in URL ${url}`, [{ alias, signInUrl: url }]);
  },
};

export const iamUsersCheck: Check = {
  id: 'iam-users',
  title: 'Individual IAM users exist',
  controls: [],
  fix: () => ({ step: 'admin-user', link: null }),
  evaluate(readings) {
    const users = need(readings.users);
    if (users.length === 0) return fail('no IAM users: everyone would have to sign in as the root user', []);
    return pass(
      `${users.length} IAM user(s): ${someOf([...users])}`,
      users.map((user) => ({ user })),
    );
  },
};

export const groupsCheck: Check = {
  id: 'groups',
  title: 'Groups assign permissions',
  controls: [],
  fix: () => ({ step: 'admin-group', link: null }),
  evaluate(readings) {
    const groups = need(readings.groups);
    const userGroups = need(readings.userGroups);
    if (groups.length === 0) return fail('no IAM groups: permissions can only be given user by user', [{ groups: 0 }]);
    const loose = [...userGroups].filter(([, member]) => member.length === 0).map(([user]) => user);
    if (loose.length > 0)
      return fail(
        `in no group: ${someOf(loose)}`,
        loose.map((user) => ({ user, groups: [] as string[] })),
      );
    return pass(
      `${groups.length} group(s) (${someOf([...groups])}); every IAM user is in one`,
      [...userGroups].map(([user, member]) => ({ user, groups: member })),
    );
  },
};

export const userPoliciesCheck: Check = {
  id: 'user-policies',
  title: 'Users get permissions via groups',
  controls: ['CIS 1.14', 'IAM.2'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/iam/home#/users') }),
  evaluate(readings) {
    const direct: Evidence[] = [];
    const words: string[] = [];
    for (const [user, { attached, inline }] of need(readings.userPolicies)) {
      if (attached.length === 0 && inline.length === 0) continue;
      direct.push({ user, attached, inline });
      const names = [...attached, ...inline.map((name) => `${name} (inline)`)];
      words.push(`${user}: ${names.join(', ')}`);
    }
    if (direct.length > 0) return fail(`policies on users, not groups: ${someOf(words)}`, direct);
    return pass('no IAM user has a policy of its own; permissions come from groups');
  },
};

/** CIS 1.15 as its audit reads: every attached policy, AWS managed included, and inline ones. */
export const adminPoliciesAttachedCheck: Check = {
  id: 'admin-policies-attached',
  title: 'No *:* policy attached to anyone',
  controls: ['CIS 1.15'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/iam/home#/policies') }),
  evaluate(readings) {
    const details = need(readings.authorization);
    const awsPolicies = need(readings.awsPolicies);
    const local = new Map(details.localPolicies.map((p) => [p.arn, p.document]));
    const found: Evidence[] = [];
    const words: string[] = [];
    for (const principal of principals(details)) {
      for (const policy of principal.attached) {
        if (!grantsFullAdmin(local.get(policy.arn) ?? awsPolicies.get(policy.arn))) continue;
        found.push({ [principal.kind]: principal.name, policy: policy.name, arn: policy.arn });
        words.push(`${policy.name} on ${principal.kind} ${principal.name}`);
      }
      for (const policy of principal.inline.filter((p) => grantsFullAdmin(p.document))) {
        found.push({ [principal.kind]: principal.name, policy: policy.name, inline: true });
        words.push(`inline ${policy.name} on ${principal.kind} ${principal.name}`);
      }
    }
    if (found.length === 0) return pass('no attached or inline policy allows Action * on Resource *');
    // aws-day-one itself attaches AdministratorAccess to the admin group: say why, never hide it.
    const byDesign = found.some((e) => typeof e['group'] === 'string' && e['policy'] === 'AdministratorAccess')
      ? '; an admin group with AdministratorAccess is how aws-day-one gives administrators their rights (behind RequireMFA): ' +
        'CIS 1.15 reports it all the same, so keep its members few'
      : '';
    return fail(`policies allowing Action * on Resource * are attached: ${someOf(words)}${byDesign}`, found);
  },
};

export const cloudShellCheck: Check = {
  id: 'cloudshell-full-access',
  title: 'AWSCloudShellFullAccess not attached',
  controls: ['CIS 1.21', 'IAM.27'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/iam/home#/policies') }),
  evaluate(readings, { partition }) {
    const { roles, users, groups } = entitiesWith(need(readings.authorization), `arn:${partition}:iam::aws:policy/AWSCloudShellFullAccess`);
    const holders = [...users.map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`), ...roles.map((r) => `role ${r}`)];
    const evidence = [{ roles, users, groups }];
    if (holders.length > 0)
      return fail(`AWSCloudShellFullAccess (file upload and download from CloudShell) is attached to ${someOf(holders)}`, evidence);
    return pass('AWSCloudShellFullAccess is attached to no user, group or role', evidence);
  },
};

export const fullAdminPoliciesCheck: Check = {
  id: 'full-admin-policies',
  title: 'No customer policy allows *:*',
  // Security Hub IAM.1 looks only at customer-managed policies; CIS 1.15 is admin-policies-attached.
  controls: ['IAM.1'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/iam/home#/policies') }),
  evaluate(readings) {
    const policies = need(readings.localPolicies);
    const admin = policies.filter((policy) => grantsFullAdmin(policy.document));
    if (admin.length > 0) {
      const words = admin.map((p) => `${p.name} (attached ${p.attachmentCount} time${p.attachmentCount === 1 ? '' : 's'})`);
      return fail(
        `customer-managed policies allow Action * on Resource *: ${someOf(words)}; use AWS's AdministratorAccess through a group`,
        admin.map((p) => ({ policy: p.name, arn: p.arn, attachments: p.attachmentCount })),
      );
    }
    return pass(
      policies.length === 0
        ? 'no customer-managed policies'
        : `none of ${policies.length} customer-managed polic${policies.length === 1 ? 'y' : 'ies'} allows Action * on Resource *`,
    );
  },
};

export const supportRoleCheck: Check = {
  id: 'support-role',
  title: 'Support role (AWSSupportAccess)',
  controls: ['CIS 1.16', 'IAM.18'],
  fix: ({ partition }) => ({ step: 'support-role', link: consoleUrl(partition, '/iam/home#/roles') }),
  evaluate(readings) {
    const { roles, users, groups } = need(readings.supportAccess);
    const evidence = [{ roles, users, groups }];
    if (roles.length > 0) return pass(`AWSSupportAccess is attached to role ${someOf([...roles])}`, evidence);
    const elsewhere = [...users.map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`)];
    return fail(
      `no role has AWSSupportAccess${elsewhere.length > 0 ? ` (only ${someOf(elsewhere)})` : ''}; ` +
        `create a role with it for whoever opens AWS Support cases`,
      evidence,
    );
  },
};
