"""Small helpers over PyKMIP calls that several scenarios share."""

from kmip.core import enums
from kmip.core import objects as cobjects
from kmip.core.factories import attributes as attribute_factory
from kmip.pie import exceptions as pie_exceptions

from pykmip_scenarios.common import attributes_to_json
from pykmip_scenarios.common import check

FACTORY = attribute_factory.AttributeFactory()
A = enums.AttributeType


def attr(name, value, index=None):
    """A core Attribute; name is an AttributeType or a custom 'x-' string."""
    return FACTORY.create_attribute(name, value, index)


def template(attributes):
    return cobjects.TemplateAttribute(attributes=attributes)


def aes_template(length, names=(), extra=(), masks=None):
    """Template-Attribute for an AES key, names indexed 0..n."""
    items = [
        attr(A.CRYPTOGRAPHIC_ALGORITHM, enums.CryptographicAlgorithm.AES),
        attr(A.CRYPTOGRAPHIC_LENGTH, length),
        attr(A.CRYPTOGRAPHIC_USAGE_MASK, masks or [
            enums.CryptographicUsageMask.ENCRYPT,
            enums.CryptographicUsageMask.DECRYPT]),
    ]
    for index, name in enumerate(names):
        items.append(attr(A.NAME, name, index if len(names) > 1 else None))
    items.extend(extra)
    return template(items)


def proxy_result(result):
    """Raise like the pie client does when a KMIPProxy result failed."""
    status = result.result_status.value
    if status != enums.ResultStatus.SUCCESS:
        reason = result.result_reason.value if result.result_reason else None
        message = result.result_message.value if result.result_message else ""
        raise pie_exceptions.KmipOperationFailure(status, reason, message)
    return result


def proxy_create(pie, attributes_template):
    """Create through the pie client's KMIPProxy, for attributes the pie
    create() cannot send (Object Group, Application Specific Information,
    several Names, custom x- attributes)."""
    result = proxy_result(
        pie.proxy.create(enums.ObjectType.SYMMETRIC_KEY, attributes_template))
    return str(result.uuid)


def get_attrs(client, uid, names=None):
    returned_uid, attributes = client.get_attributes(uid, names)
    check(returned_uid == uid,
          "GetAttributes answered for {!r}, asked {!r}".format(
              returned_uid, uid))
    return attributes_to_json(attributes)


def one(attrs, name):
    values = attrs.get(name)
    check(values is not None, "attribute {!r} missing".format(name))
    check(len(values) == 1,
          "attribute {!r} has {} values".format(name, len(values)))
    return values[0]


def state_of(client, uid):
    return one(get_attrs(client, uid, ["State"]), "State")


def expect_state(client, uid, state):
    actual = state_of(client, uid)
    check(actual == state, "state is {}, expected {}".format(actual, state))
    return {"state": actual}


def same_ids(actual, expected, what="located"):
    check(sorted(actual) == sorted(expected),
          "{} {} expected {}".format(what, sorted(actual), sorted(expected)))
    return {"uids": sorted(actual)}


def mask_value(masks):
    value = 0
    for mask in masks:
        value |= mask.value
    return value
