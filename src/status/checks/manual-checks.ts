import { consoleUrl } from '../../aws/caller.js';
import { manual, type Check } from '../check.js';

/**
 * CIS v5.0.0 section-1 controls that no IAM read can decide: each says what to look at and where,
 * and counts as `manual` (not a failure, not a pass).
 */
export const contactDetailsCheck: Check = {
  id: 'contact-details',
  title: 'Account contact details are current',
  controls: ['CIS 1.1'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/billing/home#/account') }),
  evaluate: () =>
    manual(
      'check by hand: Billing and Cost Management > Account > Contact information names people who read that mail and phone ' +
        '(needs aws-portal Billing access)',
    ),
};

export const instanceRolesCheck: Check = {
  id: 'instance-roles',
  title: 'EC2 instances use instance roles',
  controls: ['CIS 1.17'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/ec2/home#Instances:') }),
  evaluate: () =>
    manual(
      'check by hand (aws-day-one reads IAM, not EC2): in every region, ' +
        'each instance that calls AWS has an IAM role (EC2 > Instances > Security), and no access keys are stored on it',
    ),
};

export const centralIdentityCheck: Check = {
  id: 'central-identity',
  title: 'People managed centrally (multi-account)',
  controls: ['CIS 1.20'],
  fix: ({ partition }) => ({ step: null, link: consoleUrl(partition, '/iam/home#/identity_providers') }),
  evaluate: () =>
    manual(
      'check by hand, for more than one account: people sign in through IAM Identity Center or an identity provider ' +
        '(IAM > Identity providers), and accounts other than that one hold no IAM users for individuals',
    ),
};
