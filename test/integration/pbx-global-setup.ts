// Brings up the Asterisk 22 sandbox instance for the integration tests, and takes it down after.
import { sandbox } from '../helpers/sandbox.ts';

export default function setup() {
  process.stdout.write('integration: bringing up the Asterisk sandbox (the first run builds it with debootstrap)\n');
  sandbox('down');
  process.stdout.write(sandbox('up'));
  return () => {
    sandbox('down');
  };
}
