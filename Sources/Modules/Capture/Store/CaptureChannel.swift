/// How a lead came in: a browser posting the form, a program posting JSON, or a bulk capture of badges.
public enum CaptureChannel: String, Sendable, Codable {
    case web, api, bulk
}
