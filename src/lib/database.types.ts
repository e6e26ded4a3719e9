
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "customers": {
                  Row: {
                    "address": string | null,"created_at": string,"email": string,"id": string,"name": string,"notify_email": boolean,"phone": string | null,"updated_at": string,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: string | null,"created_at"?: string,"email": string,"id"?: string,"name": string,"notify_email"?: boolean,"phone"?: string | null,"updated_at"?: string,"user_id"?: string | null
                  }
                  Update: {
                    "address"?: string | null,"created_at"?: string,"email"?: string,"id"?: string,"name"?: string,"notify_email"?: boolean,"phone"?: string | null,"updated_at"?: string,"user_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"desk_settings": {
                  Row: {
                    "id": boolean,"pending_alert_minutes": number,"time_zone": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"pending_alert_minutes"?: number,"time_zone"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "id"?: boolean,"pending_alert_minutes"?: number,"time_zone"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"notifications": {
                  Row: {
                    "attempts": number,"created_at": string,"event_id": number,"id": string,"last_error": string | null,"order_id": string,"provider_id": string | null,"recipient": string,"sent_at": string | null,"status": string,"subject": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"event_id": number,"id"?: string,"last_error"?: string | null,"order_id": string,"provider_id"?: string | null,"recipient": string,"sent_at"?: string | null,"status"?: string,"subject"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"event_id"?: number,"id"?: string,"last_error"?: string | null,"order_id"?: string,"provider_id"?: string | null,"recipient"?: string,"sent_at"?: string | null,"status"?: string,"subject"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notifications_event_id_fkey"
      columns: ["event_id"]
isOneToOne: false
      referencedRelation: "order_events"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "notifications_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "order_list"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "notifications_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    }
                  ]
                },"order_events": {
                  Row: {
                    "actor_email": string | null,"actor_id": string | null,"created_at": string,"fields": (string)[],"from_status": Database["public"]['Enums']["order_status"] | null,"id": number,"kind": Database["public"]['Enums']["order_event_kind"],"note": string | null,"order_id": string,"to_status": Database["public"]['Enums']["order_status"] | null
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_email"?: string | null,"actor_id"?: string | null,"created_at"?: string,"fields"?: (string)[],"from_status"?: Database["public"]['Enums']["order_status"] | null,"id"?: never,"kind": Database["public"]['Enums']["order_event_kind"],"note"?: string | null,"order_id": string,"to_status"?: Database["public"]['Enums']["order_status"] | null
                  }
                  Update: {
                    "actor_email"?: string | null,"actor_id"?: string | null,"created_at"?: string,"fields"?: (string)[],"from_status"?: Database["public"]['Enums']["order_status"] | null,"id"?: never,"kind"?: Database["public"]['Enums']["order_event_kind"],"note"?: string | null,"order_id"?: string,"to_status"?: Database["public"]['Enums']["order_status"] | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "order_events_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "order_list"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_events_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    }
                  ]
                },"order_items": {
                  Row: {
                    "created_at": string,"description": string,"id": string,"line_total_cents": number | null,"order_id": string,"position": number,"quantity": number,"unit_price_cents": number
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description": string,"id"?: string,"line_total_cents"?: never,"order_id": string,"position"?: number,"quantity": number,"unit_price_cents": number
                  }
                  Update: {
                    "created_at"?: string,"description"?: string,"id"?: string,"line_total_cents"?: never,"order_id"?: string,"position"?: number,"quantity"?: number,"unit_price_cents"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "order_items_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "order_list"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_items_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    }
                  ]
                },"orders": {
                  Row: {
                    "carrier": string | null,"created_at": string,"currency": string,"customer_id": string,"estimated_delivery": string | null,"id": string,"notes": string | null,"number": string,"status": Database["public"]['Enums']["order_status"],"total_cents": number,"tracking_number": string | null,"updated_at": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "carrier"?: string | null,"created_at"?: string,"currency"?: string,"customer_id": string,"estimated_delivery"?: string | null,"id"?: string,"notes"?: string | null,"number"?: string,"status"?: Database["public"]['Enums']["order_status"],"total_cents"?: number,"tracking_number"?: string | null,"updated_at"?: string,"version"?: number
                  }
                  Update: {
                    "carrier"?: string | null,"created_at"?: string,"currency"?: string,"customer_id"?: string,"estimated_delivery"?: string | null,"id"?: string,"notes"?: string | null,"number"?: string,"status"?: Database["public"]['Enums']["order_status"],"total_cents"?: number,"tracking_number"?: string | null,"updated_at"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "orders_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "order_list": {
                  Row: {
                    "carrier": string | null,"created_at": string,"currency": string,"customer_email": string,"customer_id": string,"customer_name": string,"estimated_delivery": string | null,"id": string,"number": string,"status": Database["public"]['Enums']["order_status"],"total_cents": number,"tracking_number": string | null,"updated_at": string,"version": number
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "orders_customer_id_fkey"
      columns: ["customer_id"]
isOneToOne: false
      referencedRelation: "customers"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Functions: {
            "create_order":
{ Args: { "carrier"?: string,"currency"?: string,"customer_id": string,"estimated_delivery"?: string,"items": Json,"notes"?: string,"tracking_number"?: string }; Returns: {
              "carrier": string | null,
"created_at": string,
"currency": string,
"customer_id": string,
"estimated_delivery": string | null,
"id": string,
"notes": string | null,
"number": string,
"status": Database["public"]['Enums']["order_status"],
"total_cents": number,
"tracking_number": string | null,
"updated_at": string,
"version": number
            }
                          SetofOptions: {
        from: "*"
        to: "orders"
        isOneToOne: true
        isSetofReturn: false
      } },
"customer_overview":
{ Args: { "customer_id": string }; Returns: Json
                           },
"dashboard":
{ Args: { "attention_limit"?: number,"customer_id"?: string }; Returns: Json
                           },
"is_admin":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"link_my_customer":
{ Args: Record<PropertyKey, never>; Returns: {
              "address": string | null,
"created_at": string,
"email": string,
"id": string,
"name": string,
"notify_email": boolean,
"phone": string | null,
"updated_at": string,
"user_id": string | null
            }[]
                          SetofOptions: {
        from: "*"
        to: "customers"
        isOneToOne: false
        isSetofReturn: true
      } },
"move_orders":
{ Args: { "orders": Json,"to_status": Database["public"]['Enums']["order_status"] }; Returns: {
              "id": string,"message": string,"number": string,"outcome": string,"status": Database["public"]['Enums']["order_status"],"version": number
            }[]
                           },
"next_statuses":
{ Args: { "from_status": Database["public"]['Enums']["order_status"] }; Returns: (Database["public"]['Enums']["order_status"])[]
                           },
"resend_notification":
{ Args: { "notification_id": string }; Returns: {
              "attempts": number,
"created_at": string,
"event_id": number,
"id": string,
"last_error": string | null,
"order_id": string,
"provider_id": string | null,
"recipient": string,
"sent_at": string | null,
"status": string,
"subject": string | null,
"updated_at": string
            }
                          SetofOptions: {
        from: "*"
        to: "notifications"
        isOneToOne: true
        isSetofReturn: false
      } },
"set_order_items":
{ Args: { "items": Json,"order_id": string,"version": number }; Returns: {
              "carrier": string | null,
"created_at": string,
"currency": string,
"customer_id": string,
"estimated_delivery": string | null,
"id": string,
"notes": string | null,
"number": string,
"status": Database["public"]['Enums']["order_status"],
"total_cents": number,
"tracking_number": string | null,
"updated_at": string,
"version": number
            }
                          SetofOptions: {
        from: "*"
        to: "orders"
        isOneToOne: true
        isSetofReturn: false
      } }
          }
          Enums: {
            "order_event_kind": "created"|"status_changed"|"edited"|"note","order_status": "pending"|"confirmed"|"processing"|"shipped"|"out_for_delivery"|"delivered"|"cancelled"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "order_event_kind": ["created", "status_changed", "edited", "note"],"order_status": ["pending", "confirmed", "processing", "shipped", "out_for_delivery", "delivered", "cancelled"]
          }
        }
} as const
