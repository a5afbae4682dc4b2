// Run inside the temp project: the installed package's msw handlers and client, as an integrator uses them.
import { createEhealthOtpClient } from 'ehealth-otp-kit/client';
import { createHandlers } from 'ehealth-otp-kit/msw';
import { setupServer } from 'msw/node';

const baseUrl = 'https://api.ehealth.example';
const { handlers, state } = createHandlers({ baseUrl });
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
const { token } = await state.createToken(['otp:write']);
const client = createEhealthOtpClient({ baseUrl, token });
await client.initializeVerification('+380501234567');
const { data } = await client.completeVerification('+380501234567', await state.lastCode('+380501234567'));
server.close();
console.log(`msw flow: ${data?.data.status}`);
