extension Addon: JSONWritable {
    func writeJSON(to writer: inout JSONByteWriter) throws {
        writer.append("{\"id\":")
        writer.id(id)
        writer.append(",\"name\":")
        writer.string(name)
        writer.append(",\"addon_service\":")
        writer.reference(addonService)
        writer.append(",\"plan\":")
        writer.reference(plan)
        writer.append(",\"app\":")
        writer.reference(app)
        writer.append(",\"billing_entity\":{\"id\":")
        writer.id(app.id)
        writer.append(",\"name\":")
        writer.string(app.name)
        writer.append(",\"type\":\"app\"},\"config_vars\":[")
        for (index, name) in configVars.enumerated() {
            if index > 0 { writer.append(UInt8(ascii: ",")) }
            writer.string(name)
        }
        writer.append("],\"provider_id\":")
        writer.optionalString(providerID)
        writer.append(",\"provision_message\":")
        writer.optionalString(provisionMessage)
        writer.append(",\"state\":")
        writer.string(state.rawValue)
        writer.append(",\"web_url\":")
        writer.optionalString(webURL)
        writer.append(",\"actions\":[],\"created_at\":")
        try writer.timestamp(createdAt)
        writer.append(",\"updated_at\":")
        try writer.timestamp(updatedAt)
        writer.append(",\"billed_price\":")
        if let billedPrice {
            writer.append("{\"cents\":")
            writer.integer(billedPrice.cents)
            writer.append(",\"contract\":")
            writer.append(billedPrice.contract ? "true" : "false")
            writer.append(",\"unit\":")
            writer.string(billedPrice.unit)
            writer.append(",\"metered\":")
            writer.append(billedPrice.metered ? "true" : "false")
            writer.append(UInt8(ascii: "}"))
        } else {
            writer.append("null")
        }
        writer.append(UInt8(ascii: "}"))
    }
}
