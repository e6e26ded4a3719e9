// The Supabase CLI's public local-development JWT secret and API keys.
// They are published in the CLI's docs, so one `.env.local` serves both
// this stack and `supabase start`. Never use them for a hosted project.
export const DEMO_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'

export const DEMO_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

export const DEMO_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'

/** The key the mail sink accepts as `Authorization: Bearer ...` unless RESEND_API_KEY says otherwise. */
export const DEMO_RESEND_KEY = 're_local_mail_sink_key'

/** The CLI's fixed local publishable and secret keys (`supabase status` prints them). */
export const DEMO_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'
export const DEMO_SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz'
