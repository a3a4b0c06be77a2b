import { consoleUrl } from '../../aws/caller.js';
import { fail, need, pass, someOf, type Check } from '../check.js';

export const securityContactCheck: Check = {
  id: 'security-contact',
  title: 'Security contact registered',
  controls: ['CIS 1.2'],
  fix: ({ partition }) => ({ step: 'security-contact', link: consoleUrl(partition, '/billing/home#/account') }),
  evaluate(readings) {
    const contact = need(readings.securityContact);
    if (!contact)
      return fail('no SECURITY alternate contact: AWS has nobody to tell about a security issue but the root email', [
        { securityContact: null },
      ]);
    const missing = (['name', 'email', 'phone'] as const).filter((field) => contact[field].trim() === '');
    if (missing.length > 0) return fail(`the SECURITY alternate contact lacks ${someOf([...missing])}`, [{ ...contact }]);
    return pass(`security contact ${contact.name} <${contact.email}>`, [{ ...contact }]);
  },
};
