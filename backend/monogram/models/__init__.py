"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from monogram.models.asset import Asset, Font
from monogram.models.base import Base
from monogram.models.batch import Batch, BatchChunk
from monogram.models.company import Company
from monogram.models.console import ConsoleUser, PasswordReset
from monogram.models.design import Design, DesignVersion
from monogram.models.media import MediaCollection, MediaItem
from monogram.models.merchant import ApiKey, Erasure, Merchant, Store, StoreLimit
from monogram.models.order import Order, OrderLine, WebhookDelivery
from monogram.models.pricing import PriceList, PriceRule, StorePricing
from monogram.models.product import PlatformRef, PrintArea, Product, ProductFont
from monogram.models.production import JobEvent, ProductionJob, Proof
from monogram.models.quote import Quote
from monogram.models.store_origin import StoreOrigin
from monogram.models.template import Template
from monogram.models.webhook import DeliveryAttempt, OutboundDelivery, WebhookEndpoint, WebhookEvent
from monogram.models.workshop import DispatchRule, Workshop, WorkshopUser

__all__ = [
    "ApiKey",
    "Asset",
    "Base",
    "Batch",
    "BatchChunk",
    "Company",
    "ConsoleUser",
    "DeliveryAttempt",
    "Design",
    "DesignVersion",
    "DispatchRule",
    "Erasure",
    "Font",
    "JobEvent",
    "MediaCollection",
    "MediaItem",
    "Merchant",
    "Order",
    "OrderLine",
    "OutboundDelivery",
    "PasswordReset",
    "PlatformRef",
    "PriceList",
    "PriceRule",
    "PrintArea",
    "Product",
    "ProductFont",
    "ProductionJob",
    "Proof",
    "Quote",
    "Store",
    "StoreLimit",
    "StoreOrigin",
    "StorePricing",
    "Template",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "Workshop",
    "WorkshopUser",
]
