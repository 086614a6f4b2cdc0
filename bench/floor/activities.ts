/** Activities of the floor workflow: a map lookup and one plain undici POST, like the webhook client's. */
import { request } from 'undici';

export function createFloorActivities(webhookUrls: Readonly<Record<string, string>>) {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
    async route(channel: string): Promise<string> {
      const url = webhookUrls[channel];
      if (!url) throw new Error(`no webhook for ${channel}`);
      return url;
    },
    async post({ url, content }: { url: string; content: string }): Promise<string> {
      const response = await request(`${url}?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'bench-floor (undici)' },
        body: JSON.stringify({ content, allowed_mentions: { parse: [] } }),
      });
      const body = (await response.body.json()) as { id?: string };
      if (response.statusCode !== 200 || !body.id) throw new Error(`HTTP ${response.statusCode}`);
      return body.id;
    },
  };
}
export type FloorActivities = ReturnType<typeof createFloorActivities>;
