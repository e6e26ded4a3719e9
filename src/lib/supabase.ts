// The one Supabase client of the app: the anon key and the user's session, nothing more.
import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

// Local defaults: the Supabase CLI's public demo values, so `npm start` needs no .env.
const LOCAL_URL = 'http://127.0.0.1:54321'
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

export const supabaseUrl = import.meta.env.VITE_SUPABASE_URL || LOCAL_URL
export const supabase = createClient<Database>(
  supabaseUrl,
  import.meta.env.VITE_SUPABASE_ANON_KEY || LOCAL_ANON_KEY,
)
