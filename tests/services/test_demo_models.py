"""The demo's 3D products: made once, each with a model whose materials match its areas."""

from monogram.extensions.db import db
from monogram.models import Product
from monogram.services import models3d
from monogram.services.demo_models import add_demo_model_products


def test_mug_box_and_sign_are_made_once_with_their_models(app, merchant):
    with app.app_context():
        first = add_demo_model_products(merchant.merchant_id)
        db.session.commit()
        again = add_demo_model_products(merchant.merchant_id)
        db.session.commit()
        assert again == first
        made = [db.session.get(Product, product_id) for product_id in first]
        assert [product.name for product in made] == ["Mug", "Gift box", "Sign"]
        summaries = [models3d.model_summary(product) for product in made]
    assert summaries[0] == {"url": f"/v1/products/{first[0]}/model.glb", "areas": {"wrap": "wrap"}}
    assert set(summaries[1]["areas"]) == {"front", "back", "left", "right", "top", "bottom"}
    assert summaries[2]["areas"] == {"front": "front"}
